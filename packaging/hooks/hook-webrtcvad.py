# The contrib hook copies the metadata of the "webrtcvad" distribution, but the project installs
# the same module from "webrtcvad-wheels" (binary wheels): copy that one's metadata instead.
from PyInstaller.utils.hooks import copy_metadata

datas = copy_metadata("webrtcvad-wheels")
