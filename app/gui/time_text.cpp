#include "gui/time_text.h"

#include <ctime>

namespace taxa::gui {

std::string LocalTime(int64_t t) {
  std::time_t time = static_cast<std::time_t>(t);
  std::tm tm{};
  if (localtime_r(&time, &tm) == nullptr) return std::to_string(t);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &tm);
  return text;
}

}  // namespace taxa::gui
