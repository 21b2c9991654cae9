/* irdocs portal: sortable tables with the vendored tablesort (no CDN). Material re-renders pages
   on instant navigation and announces each one on document$; other themes get DOMContentLoaded. */
(function () {
  function sortable() {
    document.querySelectorAll(".irdocs-sort table").forEach(function (table) {
      if (!table.dataset.irdocsSortable) {
        table.dataset.irdocsSortable = "1";
        new Tablesort(table);
      }
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(sortable);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", sortable);
  } else {
    sortable();
  }
})();
