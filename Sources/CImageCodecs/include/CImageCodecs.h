// PNG and JPEG in memory, through Debian's libpng (its simplified API) and
// libjpeg-turbo (its decompress API with an error manager that returns instead of
// exiting), so a corrupt or truncated file is an error message, never an abort.
// Decoding is what `load_images` uses; encoding writes test fixtures and tools' files.
// Every function is safe to call from several threads at once.
#ifndef STRATA_IMAGE_CODECS_H
#define STRATA_IMAGE_CODECS_H

#include <stddef.h>

/// One decoded image, 8 bits per sample, planar: channel after channel, each plane
/// row after row (the `[channels, height, width]` layout convolution layers read).
typedef struct {
    int width;
    int height;
    /// 1 (gray) or 3 (red, green, blue).
    int channels;
    /// channels * height * width bytes from malloc; release with strata_image_release.
    unsigned char *pixels;
    /// Why decoding failed (the decoder's own words where it has some); empty on success.
    char error[200];
} strata_image;

/// Decodes a PNG or JPEG held in memory (the format is told by its first bytes).
/// A gray image (gray or gray with alpha) gives one channel and a colour one three,
/// unless `gray` is non-zero, which gives one channel for both: colour turned into
/// luma as ITU-R BT.601 weights it (0.299 R + 0.587 G + 0.114 B, rounded in 16-bit
/// fixed point as Pillow's convert("L") does). An alpha channel is dropped, not
/// composited (as Pillow's convert("RGB") does), so a transparent pixel keeps its colour.
/// Returns 1 on success; 0 with `image->error` set and no pixels otherwise.
int strata_image_decode(const unsigned char *bytes, size_t count, int gray, strata_image *image);

/// Frees the pixels of a decoded image (safe on a failed or released one).
void strata_image_release(strata_image *image);

/// Encodes interleaved 8-bit pixels (`channels` 1 gray, 2 gray+alpha, 3 RGB or 4 RGBA,
/// row after row) as a PNG. Returns 1 and a malloc'd buffer in `*out` (free with
/// strata_image_free_bytes), or 0.
int strata_image_encode_png(const unsigned char *pixels, int width, int height, int channels,
                            unsigned char **out, size_t *out_count);

/// Encodes interleaved 8-bit pixels (`channels` 1 gray or 3 RGB) as a baseline JPEG of
/// `quality` 1-100. Returns 1 and a malloc'd buffer in `*out`, or 0.
int strata_image_encode_jpeg(const unsigned char *pixels, int width, int height, int channels, int quality,
                             unsigned char **out, size_t *out_count);

/// Frees a buffer returned by the encoders.
void strata_image_free_bytes(unsigned char *bytes);

#endif
