# The AAE paper's Figure 2 layout from the runs' latent.png figures: per prior, its samples, the AAE's codes, the VAE's.
import sys
from PIL import Image, ImageDraw, ImageFont
rows = [("Gaussian N(0, I)", "docs/mnist-gaussian/latent.png", "runs/mnist-vae/figures/latent.png"),
        ("umbrella mixture", "docs/mnist-umbrella/latent.png", "runs/mnist-vae-umbrella/figures/latent.png")]
font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 22)
tiles = []
for name, aae, vae in rows:
    a, v = Image.open(aae).convert("RGB"), Image.open(vae).convert("RGB")
    half = a.width // 2
    tiles.append([(f"{name}: prior samples", a.crop((half, 0, a.width, a.height))),
                  ("AAE: test codes", a.crop((0, 0, half, a.height))),
                  ("VAE: test codes (posterior means)", v.crop((0, 0, v.width // 2, v.height)))])
w, h = tiles[0][0][1].size
head = 36
out = Image.new("RGB", (3 * w, 2 * (h + head)), "white")
draw = ImageDraw.Draw(out)
for r, row in enumerate(tiles):
    for c, (title, tile) in enumerate(row):
        out.paste(tile.resize((w, h)), (c * w, r * (h + head) + head))
        draw.text((c * w + 20, r * (h + head) + 6), title, fill="black", font=font)
out.save(sys.argv[1])
