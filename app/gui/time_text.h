// Times as the windows show them.
#pragma once

#include <cstdint>
#include <string>

namespace taxa::gui {

// `t` (seconds since the epoch) in the local time zone: "2026-11-28 02:14".
std::string LocalTime(int64_t t);

}  // namespace taxa::gui
