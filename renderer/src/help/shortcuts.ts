/** Every keyboard shortcut, as the help overlay lists them (Cmd on macOS). */
export const SHORTCUTS: { keys: string[]; what: string }[] = [
  { keys: ['Ctrl', 'Enter'], what: 'Run the pipeline' },
  { keys: ['Ctrl', 'S'], what: 'Save a named revision (edits save themselves)' },
  { keys: ['Ctrl', 'K'], what: 'Add a node by name' },
  { keys: ['Ctrl', 'Z'], what: 'Undo' },
  { keys: ['Ctrl', 'Shift', 'Z'], what: 'Redo' },
  { keys: ['Ctrl', 'Y'], what: 'Redo' },
  { keys: ['Ctrl', 'C'], what: 'Copy the selected nodes' },
  { keys: ['Ctrl', 'V'], what: 'Paste (also into another project)' },
  { keys: ['Ctrl', 'A'], what: 'Select everything' },
  { keys: ['Delete'], what: 'Delete the selection' },
  { keys: ['Shift', 'L'], what: 'Arrange: lay the graph out left to right' },
  { keys: ['Shift', 'drag'], what: 'Select with a box' },
  { keys: ['Ctrl', 'click'], what: 'Add to the selection' },
  { keys: ['Double-click'], what: 'Add a node where you clicked' },
  { keys: ['Escape'], what: 'Close a dialog, clear the selection' },
  { keys: ['?'], what: 'This list' },
];
