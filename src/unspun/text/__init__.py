"""Text tools shared by every analyzer: segmentation, tokens, language, hashed features, lexicons."""
