// Connection files and wire messages are JSON: whoever reads them reads JSON too.
@_exported import JSON
