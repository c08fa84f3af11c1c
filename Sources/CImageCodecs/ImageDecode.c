// Decoding PNG and JPEG from memory into planar 8-bit gray or RGB (see the header).
#include "CImageCodecs.h"

#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

// Larger images are refused before any pixel memory is asked for: a corrupt header
// can claim 65535 x 65535 pixels. 2^28 samples is far beyond any training image.
#define STRATA_MAX_SAMPLES ((size_t)1 << 28)

static void set_error(strata_image *image, const char *message) {
    snprintf(image->error, sizeof image->error, "%s", message);
}

static int too_large(strata_image *image, size_t width, size_t height, size_t channels) {
    if (width == 0 || height == 0) {
        set_error(image, "the image has no pixels");
        return 1;
    }
    if (width * height > STRATA_MAX_SAMPLES / channels) {
        snprintf(image->error, sizeof image->error, "the image is too large (%zu x %zu pixels)", width, height);
        return 1;
    }
    return 0;
}

// Luma of one RGB pixel in 16-bit fixed point, rounded: the weights and rounding of
// Pillow's convert("L"), so gray images agree with it exactly.
static inline unsigned char luma(unsigned char r, unsigned char g, unsigned char b) {
    return (unsigned char)((r * 19595u + g * 38470u + b * 7471u + 0x8000u) >> 16);
}

// Writes `count` interleaved pixels of `stride` bytes (RGB first, then any alpha) into
// the planar output at `offset` within each plane.
static void store_pixels(const unsigned char *source, size_t count, int stride, int color, int gray,
                         unsigned char *planes, size_t plane, size_t offset) {
    unsigned char *out = planes + offset;
    if (!color) {
        for (size_t i = 0; i < count; i++) out[i] = source[i * stride];
    } else if (gray) {
        for (size_t i = 0; i < count; i++) {
            const unsigned char *p = source + i * stride;
            out[i] = luma(p[0], p[1], p[2]);
        }
    } else {
        unsigned char *red = out, *green = out + plane, *blue = out + 2 * plane;
        for (size_t i = 0; i < count; i++) {
            const unsigned char *p = source + i * stride;
            red[i] = p[0];
            green[i] = p[1];
            blue[i] = p[2];
        }
    }
}

// libpng's read API rather than its simplified one, which converts 16-bit samples
// and files with a gAMA chunk through linear light: the samples are taken as stored
// (16-bit ones by their high byte), as Pillow, and so torchvision, read them.
typedef struct {
    const unsigned char *bytes;
    size_t count;
    size_t offset;
    char message[200];
    // Kept here, not in locals, so a longjmp back to the caller loses none of them.
    unsigned char *interleaved;
    unsigned char *planes;
    png_bytep *rows;
} png_state;

static void png_fail(png_structp png, png_const_charp message) {
    png_state *state = png_get_error_ptr(png);
    snprintf(state->message, sizeof state->message, "%s", message);
    png_longjmp(png, 1);
}

static void png_ignore_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void png_read_memory(png_structp png, png_bytep out, size_t count) {
    png_state *state = png_get_io_ptr(png);
    if (count > state->count - state->offset) png_error(png, "the file ends too soon (truncated)");
    memcpy(out, state->bytes + state->offset, count);
    state->offset += count;
}

static int decode_png(const unsigned char *bytes, size_t count, int gray, strata_image *image) {
    png_state *state = calloc(1, sizeof *state);
    if (!state) {
        set_error(image, "out of memory");
        return 0;
    }
    state->bytes = bytes;
    state->count = count;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, state, png_fail, png_ignore_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        free(state);
        set_error(image, "out of memory");
        return 0;
    }
    if (setjmp(png_jmpbuf(png))) {
        if (!image->error[0]) set_error(image, state->message);
        png_destroy_read_struct(&png, &info, NULL);
        free(state->interleaved);
        free(state->planes);
        free(state->rows);
        free(state);
        return 0;
    }
    png_set_read_fn(png, state, png_read_memory);
    // Faults Pillow reads past (a damaged colour profile, say) warn rather than fail.
    png_set_benign_errors(png, 1);
    png_read_info(png, info);
    int type = png_get_color_type(png, info);
    int color = (type & PNG_COLOR_MASK_COLOR) != 0;
    if (type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (type == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_bit_depth(png, info) == 16) png_set_strip_16(png);
    png_set_strip_alpha(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t width = png_get_image_width(png, info), height = png_get_image_height(png, info);
    int stride = png_get_channels(png, info);
    int channels = (color && !gray) ? 3 : 1;
    if (too_large(image, width, height, (size_t)stride)) png_longjmp(png, 1);
    size_t pixels = width * height;
    state->interleaved = malloc(pixels * stride);
    state->planes = malloc(pixels * channels);
    state->rows = malloc(height * sizeof(png_bytep));
    if (!state->interleaved || !state->planes || !state->rows) {
        set_error(image, "out of memory");
        png_longjmp(png, 1);
    }
    for (size_t y = 0; y < height; y++) state->rows[y] = state->interleaved + y * width * stride;
    // The rows are all that is needed: a file that ends after its image data, without
    // the end chunk, reads (as in Pillow).
    png_read_image(png, state->rows);
    store_pixels(state->interleaved, pixels, stride, color, gray, state->planes, pixels, 0);
    png_destroy_read_struct(&png, &info, NULL);
    image->width = (int)width;
    image->height = (int)height;
    image->channels = channels;
    image->pixels = state->planes;
    free(state->interleaved);
    free(state->rows);
    free(state);
    return 1;
}

// libjpeg's error manager, made to return to the caller (longjmp) with the message
// instead of exiting, and to treat running out of data as an error: libjpeg-turbo only
// warns about it and fills the missing rows with gray.
typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
    int truncated;
} jpeg_failure;

static void jpeg_fail(j_common_ptr info) {
    jpeg_failure *failure = (jpeg_failure *)info->err;
    (*info->err->format_message)(info, failure->message);
    longjmp(failure->jump, 1);
}

static void jpeg_note(j_common_ptr info, int level) {
    jpeg_failure *failure = (jpeg_failure *)info->err;
    if (level >= 0) return;  // trace messages
    int code = info->err->msg_code;
    if ((code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER) && !failure->truncated) {
        failure->truncated = 1;
        (*info->err->format_message)(info, failure->message);
    }
    info->err->num_warnings++;
}

// What the longjmp may leave behind lives here, not in locals, so nothing is lost to
// a register restored by longjmp.
typedef struct {
    struct jpeg_decompress_struct info;
    jpeg_failure failure;
    unsigned char *row;
    unsigned char *planes;
} jpeg_state;

static int decode_jpeg(const unsigned char *bytes, size_t count, int gray, strata_image *image) {
    jpeg_state *state = calloc(1, sizeof *state);
    if (!state) {
        set_error(image, "out of memory");
        return 0;
    }
    state->info.err = jpeg_std_error(&state->failure.base);
    state->failure.base.error_exit = jpeg_fail;
    state->failure.base.emit_message = jpeg_note;
    if (setjmp(state->failure.jump)) {
        if (!image->error[0]) set_error(image, state->failure.message);
        jpeg_destroy_decompress(&state->info);
        free(state->row);
        free(state->planes);
        free(state);
        return 0;
    }
    jpeg_create_decompress(&state->info);
    jpeg_mem_src(&state->info, bytes, (unsigned long)count);
    jpeg_read_header(&state->info, TRUE);
    int color = state->info.jpeg_color_space != JCS_GRAYSCALE;
    // CMYK and YCCK cannot be turned into RGB by libjpeg: that request fails with
    // libjpeg's own message, which becomes the reason.
    state->info.out_color_space = color ? JCS_RGB : JCS_GRAYSCALE;
    jpeg_start_decompress(&state->info);
    size_t width = state->info.output_width, height = state->info.output_height;
    int stride = state->info.output_components;
    int channels = (color && !gray) ? 3 : 1;
    if (too_large(image, width, height, (size_t)stride)) longjmp(state->failure.jump, 1);
    size_t plane = width * height;
    state->row = malloc(width * stride);
    state->planes = malloc(plane * channels);
    if (!state->row || !state->planes) {
        set_error(image, "out of memory");
        longjmp(state->failure.jump, 1);
    }
    while (state->info.output_scanline < height) {
        size_t y = state->info.output_scanline;
        JSAMPROW rows[1] = {state->row};
        if (jpeg_read_scanlines(&state->info, rows, 1) != 1) break;
        store_pixels(state->row, width, stride, color, gray, state->planes, plane, y * width);
    }
    if (state->failure.truncated || state->info.output_scanline < height) {
        snprintf(image->error, sizeof image->error, "truncated or corrupt (%.150s)",
                 state->failure.truncated ? state->failure.message : "missing rows");
        longjmp(state->failure.jump, 1);
    }
    jpeg_finish_decompress(&state->info);
    jpeg_destroy_decompress(&state->info);
    image->width = (int)width;
    image->height = (int)height;
    image->channels = channels;
    image->pixels = state->planes;
    free(state->row);
    free(state);
    return 1;
}

int strata_image_decode(const unsigned char *bytes, size_t count, int gray, strata_image *image) {
    memset(image, 0, sizeof *image);
    static const unsigned char png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (count >= 8 && memcmp(bytes, png_signature, 8) == 0) return decode_png(bytes, count, gray, image);
    if (count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) {
        return decode_jpeg(bytes, count, gray, image);
    }
    set_error(image, "not a PNG or JPEG file");
    return 0;
}

void strata_image_release(strata_image *image) {
    free(image->pixels);
    image->pixels = NULL;
}
