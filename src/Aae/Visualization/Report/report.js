"use strict";
// report.html's script: draws the page from the JSON block "report-data" (written by RunReport).
// No libraries and no network: canvases, a few event handlers, and the decoder's forward pass.
const errors = [];
window.addEventListener("error", e => errors.push(String(e.message)));
const D = JSON.parse(document.getElementById("report-data").textContent);
const root = document.getElementById("report");
root.textContent = "";
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  "#393b79", "#e7969c", "#637939", "#8ca252", "#b5cf6b", "#843c39", "#ad494a", "#d6616b", "#7b4173", "#a55194",
  "#ce6dbd", "#de9ed6", "#3182bd", "#6baed6", "#e6550d", "#fd8d3c", "#31a354", "#74c476", "#756bb1", "#9e9ac8"];
const colour = i => PALETTE[i % PALETTE.length];

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "style") node.style.cssText = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) if (child != null) node.append(child);
  return node;
}
function bytes(base64) {
  const text = atob(base64), out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
const floats = base64 => new Float32Array(bytes(base64).buffer);
const format = v => (typeof v !== "number" || Number.isNaN(v)) ? "–" : Number.isInteger(v) ? String(v) : Math.abs(v) >= 1000 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(3) : v.toPrecision(4);
function spriteImage(sprite) {
  const image = new Image();
  image.src = "data:" + sprite.mime + ";base64," + sprite.data;
  return image;
}
function drawTile(canvas, sprite, image, index) {
  const context = canvas.getContext("2d");
  const draw = () => {
    context.imageSmoothingEnabled = false;
    context.clearRect(0, 0, canvas.width, canvas.height);
    const x = (index % sprite.columns) * sprite.width, y = Math.floor(index / sprite.columns) * sprite.height;
    context.drawImage(image, x, y, sprite.width, sprite.height, 0, 0, canvas.width, canvas.height);
  };
  if (image.complete && image.naturalWidth > 0) draw(); else image.addEventListener("load", draw, { once: true });
}
// Pixels in [0, 1], channel-first [C, H, W], onto a canvas of H x W (CSS scales it up).
function drawPixels(canvas, pixels, shape) {
  const [channels, height, width] = shape, plane = height * width;
  canvas.width = width; canvas.height = height;
  const context = canvas.getContext("2d"), image = context.createImageData(width, height);
  for (let p = 0; p < plane; p++)
    for (let c = 0; c < 3; c++) image.data[4 * p + c] = Math.round(255 * pixels[(channels === 1 ? 0 : c) * plane + p]);
  for (let p = 0; p < plane; p++) image.data[4 * p + 3] = 255;
  context.putImageData(image, 0, 0);
}

// The decoder's forward pass: Linear, ReLU, ..., Linear, sigmoid (as Aae's MlpDecoder), in float64.
function makeDecoder(spec) {
  const layers = spec.layers.map(l => ({ inputs: l.inputs, outputs: l.outputs, weight: floats(l.weight), bias: floats(l.bias) }));
  const decode = (code, label) => {
    let x = new Float64Array(layers[0].inputs);
    x.set(code);
    if (spec.classes > 0) x[code.length + label] = 1;
    layers.forEach((layer, k) => {
      const out = new Float64Array(layer.outputs), last = k === layers.length - 1;
      for (let o = 0; o < layer.outputs; o++) {
        let sum = layer.bias[o];
        for (let i = 0, row = o * layer.inputs; i < layer.inputs; i++) sum += layer.weight[row + i] * x[i];
        out[o] = last ? 1 / (1 + Math.exp(-sum)) : Math.max(0, sum);
      }
      x = out;
    });
    return x;
  };
  decode.shape = spec.image_shape;
  return decode;
}

function header() {
  root.append(el("h1", {}, D.title));
  root.append(el("table", { class: "facts" }, D.facts.map(([k, v]) => el("tr", {}, el("td", {}, k), el("td", {}, v)))));
  if (!D.finished) root.append(el("p", { class: "warning" }, "No metrics: this run was interrupted or is still training (finish it with 'aae resume')."));
  const key = D.metrics.filter(m => !/^(class|category)_\d+_/.test(m.name));
  root.append(el("div", { class: "metrics" }, key.map(({ name, value }) => el("div", { class: "metric" }, el("b", {}, format(value)), el("span", {}, name)))));
  if (key.length < D.metrics.length)
    root.append(el("details", {}, el("summary", {}, `all ${D.metrics.length} metrics`),
      el("table", {}, D.metrics.map(({ name, value }) => el("tr", {}, el("td", {}, name), el("td", {}, format(value)))))));
  root.append(el("details", {}, el("summary", {}, D.results ? "configuration (study.json)" : "configuration (config.json)"), el("pre", {}, D.config_json)));
}

function legend(names, colours, visible, redraw) {
  return el("div", { class: "legend" }, names.map((name, i) => {
    const button = el("button", { type: "button" }, el("span", { class: "swatch", style: `background:${colours[i]}` }), name);
    button.addEventListener("click", () => { visible[i] = !visible[i]; button.classList.toggle("off", !visible[i]); redraw(); });
    return button;
  }));
}

function explorer(E) {
  const codes = floats(E.codes), labels = bytes(E.labels), count = labels.length;
  const prior = floats(E.prior_points), components = bytes(E.prior_components);
  const decode = E.decoder ? makeDecoder(E.decoder) : null;
  const images = spriteImage(E.images);
  const size = 640, canvas = el("canvas", { width: size, height: size, id: "scatter" });
  const visible = E.class_names.map(() => true), showPrior = [true];
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < count; i++) {
    minX = Math.min(minX, codes[2 * i]); maxX = Math.max(maxX, codes[2 * i]);
    minY = Math.min(minY, codes[2 * i + 1]); maxY = Math.max(maxY, codes[2 * i + 1]);
  }
  const span = Math.max(maxX - minX, maxY - minY) * 1.08 || 1;
  const view = { x: (minX + maxX) / 2 - span / 2, y: (minY + maxY) / 2 - span / 2, scale: size / span };
  const toPixel = (x, y) => [(x - view.x) * view.scale, size - (y - view.y) * view.scale];
  const toCode = (px, py) => [px / view.scale + view.x, (size - py) / view.scale + view.y];
  const context = canvas.getContext("2d");
  let drawn = 0;
  function draw() {
    context.fillStyle = "#fff"; context.fillRect(0, 0, size, size);
    if (showPrior[0]) {
      context.fillStyle = "rgba(0,0,0,0.16)";
      for (let i = 0; i < components.length; i++) {
        const [px, py] = toPixel(prior[2 * i], prior[2 * i + 1]);
        context.fillRect(px - 2, py - 2, 4, 4);
      }
    }
    drawn = 0;
    for (let c = 0; c < visible.length; c++) {
      if (!visible[c]) continue;
      context.fillStyle = colour(c);
      for (let i = 0; i < count; i++) {
        if (labels[i] !== c) continue;
        const [px, py] = toPixel(codes[2 * i], codes[2 * i + 1]);
        if (px < -2 || py < -2 || px > size + 2 || py > size + 2) continue;
        context.fillRect(px - 1.5, py - 1.5, 3, 3);
        drawn++;
      }
    }
    context.fillStyle = "#444"; context.font = "12px sans-serif";
    const [x0, y0] = toCode(0, size), [x1, y1] = toCode(size, 0);
    context.fillText(`x ${x0.toFixed(2)} … ${x1.toFixed(2)}   y ${y0.toFixed(2)} … ${y1.toFixed(2)}`, 6, size - 6);
  }
  const preview = el("canvas", { width: 28, height: 28, style: "width:196px;height:196px" });
  const caption = el("div", { class: "hint" }, "Point at the scatter.");
  function pointer(event) {
    const rect = canvas.getBoundingClientRect();
    return [(event.clientX - rect.left) * canvas.width / rect.width, (event.clientY - rect.top) * canvas.height / rect.height];
  }
  function nearest(px, py) {
    let best = -1, bestDistance = 36;
    for (let i = 0; i < count; i++) {
      if (!visible[labels[i]]) continue;
      const [qx, qy] = toPixel(codes[2 * i], codes[2 * i + 1]), d = (qx - px) ** 2 + (qy - py) ** 2;
      if (d < bestDistance) { bestDistance = d; best = i; }
    }
    return best;
  }
  function hover(px, py) {
    const index = nearest(px, py);
    if (index >= 0) {
      preview.width = E.images.width; preview.height = E.images.height;
      drawTile(preview, E.images, images, index);
      caption.textContent = `test image ${index}: ${E.class_names[labels[index]]} at (${codes[2 * index].toFixed(3)}, ${codes[2 * index + 1].toFixed(3)})`;
      window.aaeLastHover = { kind: "image", index };
    } else if (decode) {
      const code = toCode(px, py), pixels = decode(code, 0);
      drawPixels(preview, pixels, decode.shape);
      draw();
      context.strokeStyle = "#000"; context.lineWidth = 1.5; context.beginPath();
      context.moveTo(px - 7, py); context.lineTo(px + 7, py); context.moveTo(px, py - 7); context.lineTo(px, py + 7); context.stroke();
      caption.textContent = `decoded at (${code[0].toFixed(3)}, ${code[1].toFixed(3)})`;
      window.aaeLastHover = { kind: "decoded", code, pixels: Array.from(pixels) };
    }
  }
  let drag = null;
  canvas.addEventListener("mousedown", e => { drag = { at: pointer(e), x: view.x, y: view.y }; });
  window.addEventListener("mouseup", () => { drag = null; });
  canvas.addEventListener("mousemove", e => {
    const [px, py] = pointer(e);
    if (drag) {
      view.x = drag.x - (px - drag.at[0]) / view.scale; view.y = drag.y + (py - drag.at[1]) / view.scale;
      draw();
    } else hover(px, py);
  });
  canvas.addEventListener("wheel", e => {
    e.preventDefault();
    const [px, py] = pointer(e), [cx, cy] = toCode(px, py), factor = Math.exp(-e.deltaY * 0.0015);
    view.scale *= factor;
    view.x = cx - px / view.scale; view.y = cy - (size - py) / view.scale;
    draw();
  }, { passive: false });
  const priorButton = legend(["prior draws"], ["rgba(0,0,0,0.3)"], showPrior, draw);
  root.append(el("h2", {}, "Latent space"),
    el("p", { class: "hint" }, `The ${count.toLocaleString("en")} test codes by class (click a class to hide it), over grey draws from the prior. Wheel zooms, drag pans. ` +
      (decode ? "Pointing at a code shows its image; pointing at empty space shows what the decoder draws there, computed in this page." :
        "Pointing at a code shows its image.")),
    el("div", { class: "row" }, el("div", {}, legend(E.class_names, E.class_names.map((_, i) => colour(i)), visible, draw), priorButton, canvas),
      el("div", { class: "side" }, preview, caption)));
  draw();
  if (decode) hover(size / 2, size / 2);
  return { canvas, toPixel, nearest, hover, drawnCount: () => drawn, decode };
}
