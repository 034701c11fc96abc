package api

// ExportProgress is exportProgress, for the tests of package api_test: how
// long a server waits on a streamed export's client bounds how long a slow
// reader that left still holds its slot.
const ExportProgress = exportProgress
