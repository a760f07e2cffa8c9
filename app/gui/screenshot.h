// Writes what the current OpenGL framebuffer shows to a PNG file (for --screenshot).
#pragma once

#include <string>

#include "taxa/core/status.h"

namespace taxa::gui {

// Reads the `width` x `height` pixels of the bound framebuffer (call after
// rendering, before swapping) and writes them top row first as an RGB PNG.
// kIo naming the path when the file cannot be written.
Status WriteFramebufferPng(const std::string& path, int width, int height);

}  // namespace taxa::gui
