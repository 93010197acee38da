#!/bin/sh
# /usr/bin/ocoya-desktop from the .deb: runs the bundle installed under /opt.
exec /opt/ocoya-desktop/ocoya-desktop "$@"
