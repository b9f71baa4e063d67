"""Site platforms several outlets share (WordPress): their layouts, sources and address rules."""
