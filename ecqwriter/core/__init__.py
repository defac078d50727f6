"""The Qt-free core: package model, framework packs, resources and errors."""
