// The panel's "Original metadata" (loaded by htmx when its section is opened): each
// table's filter box hides the pairs whose key and value both miss the text typed.
export function startOriginalMetadata(panel) {
  panel.addEventListener("input", (event) => {
    const box = event.target.closest(".om-filter");
    if (!box) return;
    const text = box.value.trim().toLowerCase();
    const table = panel.querySelector(`#${box.dataset.table}`);
    if (!table) return;
    let shown = 0;
    for (const row of table.tBodies[0].rows) {
      const match = !text || [...row.cells].some((cell) => cell.textContent.toLowerCase().includes(text));
      row.hidden = !match;
      if (match) shown += 1;
    }
    const none = panel.querySelector(`.om-none[data-table="${box.dataset.table}"]`);
    if (none) none.hidden = shown > 0;
  });
}
