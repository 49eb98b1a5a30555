#!/bin/sh
# Launcher on the PATH: the bundle finds its libraries relative to its own folder.
exec /opt/persona-studio/PersonaStudio "$@"
