"""The editors in the centre: narrative text, forms, the development plan, text parts."""
