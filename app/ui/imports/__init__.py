"""File > Import visits: the EHR import in the window (mapping, preview, import)."""
