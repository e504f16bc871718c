"""Moving an organisation's data to another installation: a versioned JSON file written by
export.py and read by importer.py, both driven by the list of sections in schema.py."""
