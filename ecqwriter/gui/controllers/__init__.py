"""What the main window does, one concern to a controller; the window only composes them."""
