// Draw every Plotly figure on the page from its JSON data block (no inline scripts: CSP).
(function () {
  // The Dutch words of the chart toolbar and the Dutch names of months and days, so that a
  // chart on a Dutch page speaks Dutch (Plotly ships English only in its main bundle).
  var NL = {
    moduleType: "locale",
    name: "nl",
    dictionary: {
      "Autoscale": "Automatisch schalen",
      "Box Select": "Rechthoek selecteren",
      "Click to enter Colorscale title": "Klik om de titel van de kleurschaal in te voeren",
      "Compare data on hover": "Gegevens vergelijken bij aanwijzen",
      "Double-click to zoom back out": "Dubbelklik om uit te zoomen",
      "Download plot": "Grafiek downloaden",
      "Download plot as a PNG": "Grafiek downloaden als png",
      "Lasso Select": "Lasso selecteren",
      "Orbital rotation": "Baanrotatie",
      "Pan": "Verschuiven",
      "Produced with Plotly.js": "Gemaakt met Plotly.js",
      "Reset": "Terugzetten",
      "Reset axes": "Assen terugzetten",
      "Reset view": "Weergave terugzetten",
      "Show closest data on hover": "Dichtstbijzijnde gegevens tonen bij aanwijzen",
      "Snapshot succeeded": "Afbeelding gemaakt",
      "Sorry, there was a problem downloading your snapshot!":
        "Het downloaden van de afbeelding is mislukt.",
      "Taking snapshot - this may take a few seconds":
        "Afbeelding wordt gemaakt; dit kan enkele seconden duren",
      "Toggle Spike Lines": "Hulplijnen aan of uit",
      "Toggle show closest data on hover": "Dichtstbijzijnde gegevens aan of uit",
      "Zoom": "Zoomen",
      "Zoom in": "Inzoomen",
      "Zoom out": "Uitzoomen",
      "close:": "slot:",
      "high:": "hoog:",
      "low:": "laag:",
      "open:": "open:",
      "trace": "reeks"
    },
    format: {
      days: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
      shortDays: ["zo", "ma", "di", "wo", "do", "vr", "za"],
      months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december"],
      shortMonths: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt",
        "nov", "dec"],
      date: "%d-%m-%Y",
      decimal: ",",
      thousands: "."
    }
  };
  var registered = false;

  function draw() {
    if (window.Plotly && !registered) {
      window.Plotly.register(NL);
      registered = true;
    }
    document.querySelectorAll("[data-plotly-figure]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-plotly-figure"));
      if (!source || !window.Plotly) { return; }
      var figure = JSON.parse(source.textContent);
      window.Plotly.newPlot(el, figure.data, figure.layout, {
        responsive: true, displaylogo: false, locale: document.documentElement.lang,
        // Never offer to send the data to a chart service outside the portal.
        showSendToCloud: false
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
