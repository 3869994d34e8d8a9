// The report's other views (after report.js): principal directions, the category grid, training curves, figures, self-test.

function directions(R) {
  const mean = floats(R.mean), axes = floats(R.directions), codes = floats(R.chosen_codes);
  const dimensions = mean.length, count = R.chosen_labels.length, K = R.spreads.length;
  const decode = R.decoder ? makeDecoder(R.decoder) : null;
  const chosenImages = spriteImage(R.chosen), frames = R.frames ? spriteImage(R.frames) : null;
  const values = new Array(K).fill(0);
  let chosen = 0;
  const preview = el("canvas", { width: 64, height: 64, style: "width:192px;height:192px" });
  const thumbs = [];
  const labels = [];
  function show() {
    if (decode) {
      const code = Array.from(codes.subarray(chosen * dimensions, (chosen + 1) * dimensions));
      for (let k = 0; k < K; k++) for (let d = 0; d < dimensions; d++) code[d] += values[k] * R.spreads[k] * axes[k * dimensions + d];
      drawPixels(preview, decode(code, R.chosen_labels[chosen]), decode.shape);
    } else {
      const moved = values.findIndex(v => v !== 0), k = Math.max(0, moved);
      const step = R.steps.indexOf(moved < 0 ? 0 : values[k]);
      preview.width = R.frames.width; preview.height = R.frames.height;
      drawTile(preview, R.frames, frames, (chosen * K + k) * R.steps.length + step);
    }
    labels.forEach((label, k) => { label.textContent = `direction ${k + 1}: ${values[k] >= 0 ? "+" : ""}${values[k].toFixed(2)} sd`; });
  }
  const sliders = R.spreads.map((_, k) => {
    const input = el("input", { type: "range", min: -2, max: 2, step: decode ? 0.05 : 0.5, value: 0 });
    const label = el("span", {});
    labels.push(label);
    input.addEventListener("input", () => {
      if (!decode) sliders.forEach((other, j) => { if (j !== k) { other.value = 0; values[j] = 0; } });
      values[k] = Number(input.value);
      show();
    });
    return input;
  });
  for (let i = 0; i < count; i++) {
    const thumb = el("canvas", { width: R.chosen.width, height: R.chosen.height, style: "width:56px;height:56px", title: R.class_names[R.chosen_labels[i]] });
    drawTile(thumb, R.chosen, chosenImages, i);
    thumb.addEventListener("click", () => { chosen = i; thumbs.forEach((t, j) => t.classList.toggle("chosen", j === i)); show(); });
    thumbs.push(thumb);
  }
  thumbs[0].classList.add("chosen");
  root.append(el("h2", {}, "Latent directions"),
    el("p", { class: "hint" }, `Choose a test image; the sliders move its ${dimensions}-d code along the first ${K} principal directions of the training codes ` +
      "(in standard deviations of the training codes along each). " +
      R.decoder_note),
    el("div", { class: "thumbs" }, thumbs),
    el("div", { class: "row" }, el("div", {}, sliders.map((s, k) => el("div", { class: "slider" }, s, labels[k]))), el("div", { class: "side" }, preview)));
  show();
}

function categories(C) {
  const image = spriteImage(C.frames), K = C.category_names.length;
  const tiles = C.category_names.map(() => el("canvas", { width: C.frames.width, height: C.frames.height, style: "width:72px;height:72px" }));
  const label = el("span", {});
  const slider = el("input", { type: "range", min: 0, max: C.styles - 1, step: 1, value: 0 });
  const show = () => {
    const style = Number(slider.value);
    tiles.forEach((tile, k) => drawTile(tile, C.frames, image, style * K + k));
    label.textContent = `style ${style + 1} of ${C.styles}`;
  };
  slider.addEventListener("input", show);
  root.append(el("h2", {}, "Categories and styles"),
    el("p", { class: "hint" }, "Each category decoded with one style drawn from the style prior; the slider draws another style."),
    el("div", { class: "slider" }, slider, label),
    el("div", { class: "tiles" }, tiles.map((tile, k) => el("div", { class: "tile" }, tile, C.category_names[k]))));
  const confusion = D.figures.find(f => f.name === "confusion.png");
  if (confusion) root.append(el("figure", {}, el("img", { src: `data:${confusion.mime};base64,${confusion.data}`, alt: confusion.name }),
    el("figcaption", {}, "confusion.png: test images, true class (rows) against predicted class")));
  show();
}

function curves(H) {
  if (H.rows.length === 0) return;
  const names = H.columns, visible = names.map(() => true), logScale = [false];
  const width = 900, height = 320, pad = { left: 56, right: 16, top: 12, bottom: 30 };
  const canvas = el("canvas", { width, height, id: "curves" }), context = canvas.getContext("2d");
  const readout = el("div", { class: "hint" }, "Point at the chart for an epoch's values.");
  const epochs = H.rows.map(r => r[0]);
  const y = v => logScale[0] ? Math.log10(Math.max(v, 1e-6)) : v;
  let hovered = -1;
  function draw() {
    context.fillStyle = "#fff"; context.fillRect(0, 0, width, height);
    const shown = names.map((_, i) => i).filter(i => visible[i]);
    const all = shown.flatMap(i => H.rows.map(r => y(r[i + 1]))).filter(Number.isFinite);
    let low = Math.min(...all), high = Math.max(...all);
    if (!all.length) { low = 0; high = 1; }
    if (high === low) { high += 0.5; low -= 0.5; }
    const first = epochs[0], last = epochs[epochs.length - 1] === first ? first + 1 : epochs[epochs.length - 1];
    const px = e => pad.left + (e - first) / (last - first) * (width - pad.left - pad.right);
    const py = v => height - pad.bottom - (v - low) / (high - low) * (height - pad.top - pad.bottom);
    context.strokeStyle = "#ccc"; context.fillStyle = "#444"; context.font = "12px sans-serif";
    for (let t = 0; t <= 4; t++) {
      const v = low + (high - low) * t / 4;
      context.beginPath(); context.moveTo(pad.left, py(v)); context.lineTo(width - pad.right, py(v)); context.stroke();
      context.fillText(logScale[0] ? format(10 ** v) : format(v), 4, py(v) + 4);
    }
    const every = Math.max(1, Math.ceil((last - first) / 8));
    for (let e = Math.ceil(first); e <= last; e += every) context.fillText(`${e}`, px(e) - 4, height - 10);
    for (const i of shown) {
      context.strokeStyle = colour(i); context.lineWidth = 2; context.beginPath();
      H.rows.forEach((r, j) => { const v = y(r[i + 1]); if (j === 0) context.moveTo(px(r[0]), py(v)); else context.lineTo(px(r[0]), py(v)); });
      context.stroke();
      // Dots as well as lines: a run of one epoch still shows its values.
      context.fillStyle = colour(i);
      H.rows.forEach(r => { context.beginPath(); context.arc(px(r[0]), py(y(r[i + 1])), 2.5, 0, 2 * Math.PI); context.fill(); });
    }
    context.lineWidth = 1;
    if (hovered >= 0) {
      context.strokeStyle = "#888"; context.beginPath();
      context.moveTo(px(epochs[hovered]), pad.top); context.lineTo(px(epochs[hovered]), height - pad.bottom); context.stroke();
      readout.textContent = `epoch ${epochs[hovered]}: ` + shown.map(i => `${names[i]} ${format(H.rows[hovered][i + 1])}`).join(" · ");
    }
    canvas.epochAt = clientX => {
      const rect = canvas.getBoundingClientRect(), x = (clientX - rect.left) * width / rect.width;
      let best = 0;
      epochs.forEach((e, j) => { if (Math.abs(px(e) - x) < Math.abs(px(epochs[best]) - x)) best = j; });
      return best;
    };
  }
  canvas.addEventListener("mousemove", e => { hovered = canvas.epochAt(e.clientX); draw(); });
  const logBox = el("input", { type: "checkbox" });
  logBox.addEventListener("change", () => { logScale[0] = logBox.checked; draw(); });
  root.append(el("h2", {}, "Training"), legend(names, names.map((_, i) => colour(i)), visible, draw),
    el("label", { class: "hint" }, logBox, " log scale"), el("div", {}, canvas), readout);
  draw();
}

function results(table, notes) {
  root.append(el("h2", {}, "Results"),
    el("table", { class: "results" }, el("tr", {}, table.columns.map(c => el("th", {}, c))), table.rows.map(r => el("tr", {}, r.map(v => el("td", {}, v))))));
  if (notes) root.append(el("details", {}, el("summary", {}, "results.md (with the notes on seeds and the LightGBM search)"), el("pre", {}, notes)));
}

function figures(list) {
  if (!list.length) return;
  root.append(el("h2", {}, "Figures"), el("div", { class: "figures" }, list.map(f =>
    el("figure", {}, el("img", { src: `data:${f.mime};base64,${f.data}`, alt: f.name }), el("figcaption", {}, f.name)))));
}

// "#selftest=c1,c2,...[/class];..." decodes those codes in the page and points at the scatter, for the browser tests.
function selfTest(explorerView) {
  const result = { errors };
  const decode = explorerView?.decode ?? (D.directions?.decoder ? makeDecoder(D.directions.decoder) : null);
  const spec = decodeURIComponent(location.hash.slice("#selftest=".length));
  if (decode && spec) result.decoded = spec.split(";").filter(s => s).map(item => {
    const [code, label] = item.split("/");
    const values = code.split(",").map(Number);
    return { code: values, label: label === undefined ? null : Number(label), pixels: Array.from(decode(values, Number(label || 0))) };
  });
  if (explorerView) {
    result.drawn_points = explorerView.drawnCount();
    const rect = explorerView.canvas.getBoundingClientRect();
    const at = (px, py) => explorerView.canvas.dispatchEvent(new MouseEvent("mousemove", {
      clientX: rect.left + px * rect.width / explorerView.canvas.width, clientY: rect.top + py * rect.height / explorerView.canvas.height }));
    const [qx, qy] = explorerView.toPixel(floats(D.explorer.codes)[0], floats(D.explorer.codes)[1]);
    at(qx, qy);
    result.hover_point = window.aaeLastHover;
    // Empty space: the first grid position with no code within the pointing radius.
    outer: for (let py = 20; py < 640; py += 20)
      for (let px = 20; px < 640; px += 20)
        if (explorerView.nearest(px, py) < 0) { at(px, py); break outer; }
    result.hover_empty = window.aaeLastHover;
  }
  root.append(el("pre", { id: "selftest-result" }, JSON.stringify(result)));
}

header();
const explorerView = D.explorer ? explorer(D.explorer) : null;
if (D.directions) directions(D.directions);
if (D.categories) categories(D.categories);
if (D.results) results(D.results, D.results_notes);
curves(D.curves);
figures(D.figures);
if (location.hash.startsWith("#selftest")) selfTest(explorerView);
