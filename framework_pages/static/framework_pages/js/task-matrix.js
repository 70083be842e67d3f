/* The task matrix in the page editor (framework_pages/blocks.py).
 *
 * MatrixRowBlock: a level of the matrix, rendered without a collapsible panel of its own, so
 * the matrix reads as its grid: level, then its two cells side by side.
 * TaskCellBlock: one cell (a ListBlock). Each task gets "Verplaats naar…" in its header: the
 * task leaves this cell and is added at the end of the chosen one with the same id and value,
 * so it stays the same item (for self-assessments, editions and comparisons). Wagtail's own
 * arrows and drag handle move a task within its cell.
 */
(() => {
  const { ListBlock, ListBlockDefinition, StructBlockDefinition } =
    window.wagtailStreamField.blocks;

  // The cell lists on the page, by form prefix (…-uitvoerend-basis).
  const cells = new Map();

  class MatrixRowBlockDefinition extends StructBlockDefinition {
    constructor(...args) {
      super(...args);
      this.collapsible = false;
    }
  }

  class TaskCell extends ListBlock {
    constructor(blockDef, placeholder, prefix, initialState, initialError) {
      super(blockDef, placeholder, prefix, initialState, initialError);
      cells.set(prefix, this);
      this.container[0].dataset.taskMatrixCell = this.cellKey();
      // Says which task arrived here, for everyone (screen readers too).
      this.status = document.createElement('p');
      this.status.className = 'task-matrix-moved';
      this.status.setAttribute('role', 'status');
      this.container[0].prepend(this.status);
    }

    cellKey() {
      const found = this.blockDef.meta.cells.find(([key]) =>
        this.prefix.endsWith(`-${key}`),
      );
      return found ? found[0] : '';
    }

    cellPrefix(key) {
      return this.prefix.slice(0, this.prefix.length - this.cellKey().length) + key;
    }

    _createChild(...args) {
      const child = super._createChild(...args);
      this.addMoveControl(child);
      return child;
    }

    addMoveControl(child) {
      const { meta } = this.blockDef;
      const own = this.cellKey();
      const select = document.createElement('select');
      select.className = 'task-matrix-move';
      select.setAttribute('aria-label', meta.moveLabel);
      select.title = meta.moveLabel;
      select.add(new Option(meta.moveChoose, ''));
      meta.cells.forEach(([key, label]) => {
        if (key !== own) select.add(new Option(label, key));
      });
      // The header toggles the panel on click; the menu is not a toggle.
      select.addEventListener('click', (event) => event.stopPropagation());
      select.addEventListener('change', () => {
        const key = select.value;
        select.value = '';
        if (key) this.moveTo(child, key);
      });
      child.actionsContainerElement.prepend(select);
    }

    moveTo(child, key) {
      const target = cells.get(this.cellPrefix(key));
      if (!target || target === this) return;
      const { id, value } = child.getState();
      this.deleteBlock(child.index, { animate: false });
      const moved = target.insert(value, target.children.length, {
        id,
        collapsed: true,
      });
      // Tell the editor's unsaved-changes check and the preview that the form changed.
      const input = moved.element.querySelector('input');
      input.dispatchEvent(new Event('change', { bubbles: true }));
      const label = this.blockDef.meta.cells.find(([k]) => k === key)[1];
      target.status.textContent = this.blockDef.meta.movedMessage
        .replace('%(task)s', moved.getTextLabel({ maxLength: 70 }) || '')
        .replace('%(cell)s', label);
      moved.element.scrollIntoView({ block: 'nearest' });
      moved.toggleElement.focus();
    }
  }

  class TaskCellBlockDefinition extends ListBlockDefinition {
    render(placeholder, prefix, initialState, initialError) {
      return new TaskCell(this, placeholder, prefix, initialState, initialError);
    }
  }

  window.telepath.register('framework_pages.blocks.MatrixRowBlock', MatrixRowBlockDefinition);
  window.telepath.register('framework_pages.blocks.TaskCellBlock', TaskCellBlockDefinition);
})();
