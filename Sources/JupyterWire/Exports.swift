// JSONValue, the JSON reader and writer, ConnectionInfo and Channel live in
// JupyterConnection, a Foundation-free module that the `strata-kernel` launcher links
// on its own: it must bind the kernel's ports within a couple of milliseconds of
// launch, before Foundation or the rest of the kernel is loaded. Re-exporting it
// keeps them part of the wire's API, so targets that import JupyterWire need no
// second import.
@_exported import JupyterConnection
