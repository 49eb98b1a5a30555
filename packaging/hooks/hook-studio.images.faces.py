# Face detection reads OpenCV's Haar cascades from cv2/data at run time; the contrib hook for cv2
# collects its code and libraries but not those XML files. Only the cascades faces.py loads are
# copied (the folder holds 15 more that nothing reads). The frozen self-test checks they work.
from PyInstaller.utils.hooks import collect_data_files

from studio.images.faces import CASCADES

datas = collect_data_files("cv2", subdir="data", includes=list(CASCADES))
