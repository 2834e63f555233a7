// Draw every Plotly figure on the page from its JSON data block (no inline scripts: CSP).
(function () {
  function draw() {
    document.querySelectorAll("[data-plotly-figure]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-plotly-figure"));
      if (!source || !window.Plotly) { return; }
      var figure = JSON.parse(source.textContent);
      window.Plotly.newPlot(el, figure.data, figure.layout, {
        responsive: true, displaylogo: false, locale: document.documentElement.lang
      });
      var link = el.getAttribute("data-plotly-link");
      if (link) {
        el.on("plotly_click", function (event) {
          var point = event.points && event.points[0];
          if (point && point.customdata) { window.location.href = link.replace("0", point.customdata[0]); }
        });
      }
      el.classList.add("portal-chart--drawn");
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
