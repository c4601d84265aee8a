;; A library named by its file's name, lib prefix and all: the file, and the package.
(load-library "libxml2")
