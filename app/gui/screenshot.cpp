#include "gui/screenshot.h"

#include <GL/gl.h>
#include <stb_image_write.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace taxa::gui {

Status WriteFramebufferPng(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) return Status::InvalidInput("the window has no pixels to save");
  size_t row = static_cast<size_t>(width) * 3;
  std::vector<uint8_t> pixels(row * static_cast<size_t>(height));
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // OpenGL's rows run bottom-up; PNG's top-down.
  std::vector<uint8_t> flipped(pixels.size());
  for (int y = 0; y < height; ++y)
    std::copy_n(pixels.data() + static_cast<size_t>(height - 1 - y) * row, row,
                flipped.data() + static_cast<size_t>(y) * row);
  if (stbi_write_png(path.c_str(), width, height, 3, flipped.data(), static_cast<int>(row)) == 0)
    return Status::Io(path + ": cannot write the screenshot");
  return Status::Ok();
}

}  // namespace taxa::gui
