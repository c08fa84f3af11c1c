// Encoding interleaved 8-bit pixels as PNG or JPEG in memory (see the header).
#include "CImageCodecs.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

int strata_image_encode_png(const unsigned char *pixels, int width, int height, int channels,
                            unsigned char **out, size_t *out_count) {
    static const png_uint_32 formats[5] = {0, PNG_FORMAT_GRAY, PNG_FORMAT_GA, PNG_FORMAT_RGB, PNG_FORMAT_RGBA};
    *out = NULL;
    *out_count = 0;
    if (channels < 1 || channels > 4 || width <= 0 || height <= 0) return 0;
    png_image png;
    memset(&png, 0, sizeof png);
    png.version = PNG_IMAGE_VERSION;
    png.width = (png_uint_32)width;
    png.height = (png_uint_32)height;
    png.format = formats[channels];
    png_alloc_size_t size = 0;
    // The first call only measures (no memory given), the second writes.
    if (!png_image_write_to_memory(&png, NULL, &size, 0, pixels, 0, NULL)) return 0;
    unsigned char *buffer = malloc(size);
    if (!buffer) return 0;
    if (!png_image_write_to_memory(&png, buffer, &size, 0, pixels, 0, NULL)) {
        free(buffer);
        return 0;
    }
    *out = buffer;
    *out_count = size;
    return 1;
}

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
} encode_failure;

static void encode_fail(j_common_ptr info) {
    longjmp(((encode_failure *)info->err)->jump, 1);
}

typedef struct {
    struct jpeg_compress_struct info;
    encode_failure failure;
    unsigned char *buffer;
    unsigned long size;
} encode_state;

int strata_image_encode_jpeg(const unsigned char *pixels, int width, int height, int channels, int quality,
                             unsigned char **out, size_t *out_count) {
    *out = NULL;
    *out_count = 0;
    if ((channels != 1 && channels != 3) || width <= 0 || height <= 0) return 0;
    encode_state *state = calloc(1, sizeof *state);
    if (!state) return 0;
    state->info.err = jpeg_std_error(&state->failure.base);
    state->failure.base.error_exit = encode_fail;
    if (setjmp(state->failure.jump)) {
        jpeg_destroy_compress(&state->info);
        free(state->buffer);
        free(state);
        return 0;
    }
    jpeg_create_compress(&state->info);
    jpeg_mem_dest(&state->info, &state->buffer, &state->size);
    state->info.image_width = (JDIMENSION)width;
    state->info.image_height = (JDIMENSION)height;
    state->info.input_components = channels;
    state->info.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&state->info);
    jpeg_set_quality(&state->info, quality, TRUE);
    jpeg_start_compress(&state->info, TRUE);
    while (state->info.next_scanline < state->info.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)state->info.next_scanline * width * channels);
        jpeg_write_scanlines(&state->info, &row, 1);
    }
    jpeg_finish_compress(&state->info);
    jpeg_destroy_compress(&state->info);
    *out = state->buffer;
    *out_count = state->size;
    free(state);
    return 1;
}

void strata_image_free_bytes(unsigned char *bytes) { free(bytes); }
