"""Printing: Khmer/Latin text layout and drawing for PDFs (``text``, ``flowables``), and the documents."""
