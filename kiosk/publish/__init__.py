"""Publishing the procedures: content for the wall sheets, the static website and the radio."""
