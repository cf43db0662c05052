"""Reading a spec: files and git sources, the YAML loader, the characters it refuses, the checks."""
