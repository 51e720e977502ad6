"""Our own small ESC/POS layer (pure Python + Pillow, no Qt).

commands (the byte subset), raster (Vietnamese text to 1-bit lines), builder (layout to bytes),
status (DLE EOT), decoder (bytes back to elements) and preview (elements to a picture),
sim (the in-process simulated printer).
"""
