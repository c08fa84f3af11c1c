"""Draws the Strata logo (layered strata in a rounded square) as SVG and as 32x32 and
64x64 PNGs. Run once when the logo changes: `python3 kernelspec/make_logos.py`."""
import math, struct, zlib, pathlib

HERE = pathlib.Path(__file__).parent
BANDS = [(0x0B, 0x3C, 0x5D), (0x32, 0x8C, 0xC1), (0xD9, 0xB3, 0x10), (0xE0, 0x6C, 0x2B)]
BACK = (0xF7, 0xF4, 0xEC)
RADIUS = 0.18  # corner radius, as a fraction of the side


def boundary(i, x):
    """Top edge of band i at x in [0,1]: gentle waves, like sediment layers."""
    return 0.2 + 0.17 * i + 0.045 * math.sin(2 * math.pi * (x * 0.9 + i * 0.23))


def colour_at(x, y):
    # outside the rounded square: transparent
    cx = min(max(x, RADIUS), 1 - RADIUS)
    cy = min(max(y, RADIUS), 1 - RADIUS)
    if (x - cx) ** 2 + (y - cy) ** 2 > RADIUS ** 2:
        return None
    band = -1
    for i in range(len(BANDS)):
        if y >= boundary(i, x):
            band = i
    return BACK if band < 0 else BANDS[band]


def png(size, path):
    ss = 4  # supersampling per axis
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            r = g = b = a = 0
            for sy in range(ss):
                for sx in range(ss):
                    c = colour_at((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size)
                    if c:
                        r += c[0]; g += c[1]; b += c[2]; a += 1
            n = ss * ss
            row += bytes([r // a, g // a, b // a, 255 * a // n] if a else [0, 0, 0, 0])
        rows.append(bytes(row))
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    raw = b"".join(rows)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    path.write_bytes(data)


def svg(path):
    n = 64
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" width="{n}" height="{n}">',
             f'<clipPath id="c"><rect width="{n}" height="{n}" rx="{RADIUS * n:.2f}"/></clipPath>',
             f'<g clip-path="url(#c)"><rect width="{n}" height="{n}" fill="#{BACK[0]:02x}{BACK[1]:02x}{BACK[2]:02x}"/>']
    for i, c in enumerate(BANDS):
        pts = [f"{x * n / 32:.2f},{boundary(i, x / 32) * n:.2f}" for x in range(33)]
        parts.append(f'<polygon fill="#{c[0]:02x}{c[1]:02x}{c[2]:02x}" points="{" ".join(pts)} {n},{n} 0,{n}"/>')
    parts.append("</g></svg>")
    path.write_text("\n".join(parts) + "\n")


if __name__ == "__main__":
    png(32, HERE / "logo-32x32.png")
    png(64, HERE / "logo-64x64.png")
    svg(HERE / "logo-svg.svg")
