"""The desktop build (``make package``): freeze with PyInstaller, self-test the bundle, then
make the platform's artifacts. Run it through ``packaging/build.py``."""
