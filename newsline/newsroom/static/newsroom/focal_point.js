// The media library's focal point: clicking the picture sets it, the fields move the dot,
// and a chosen file is previewed before upload. A static file, so the strict Content
// Security Policy (no inline scripts) lets it run.
document.addEventListener("DOMContentLoaded", () => {
  "use strict";
  const box = document.querySelector("[data-focal-point]");
  const x = document.getElementById("id_focal_x"), y = document.getElementById("id_focal_y");
  if (!box || !x || !y) return;
  const img = box.querySelector("img"), dot = box.querySelector("span");
  const file = document.getElementById("id_file");
  // Positions are set through the style object: CSP refuses style attributes in markup.
  const place = () => {
    dot.style.left = `${x.value * 100}%`;
    dot.style.top = `${y.value * 100}%`;
    dot.hidden = false;
  };
  const fraction = (at, start, size) => Math.min(1, Math.max(0, (at - start) / size));
  img.addEventListener("click", (event) => {
    const r = img.getBoundingClientRect();
    x.value = fraction(event.clientX, r.left, r.width).toFixed(3);
    y.value = fraction(event.clientY, r.top, r.height).toFixed(3);
    place();
  });
  x.addEventListener("input", place);
  y.addEventListener("input", place);
  file?.addEventListener("change", () => {
    if (file.files[0]) {
      img.src = URL.createObjectURL(file.files[0]);
      box.hidden = false;
    }
  });
  place();
});
