"""The editor's state as plain Python (no Qt): tracks of non-destructive segments, the project
with its mixer, the selection, the viewport, and the generation helpers. Values are immutable,
so a worker thread can render a snapshot while the user keeps editing."""
