"""The main window's controllers, one job each: the documents and their sessions, editing
spans, search and label-all, and the project (files, backups, review). They hold the
behaviour; the window holds the widgets and the state they share (the open session, the
selected span) and runs them from its command table."""
