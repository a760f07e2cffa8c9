#include "taxa/core/text.h"

#include "json_scan.h"

namespace taxa::core {

bool IsValidUtf8(std::string_view s) { return json_scan::IsValidUtf8(s); }

}  // namespace taxa::core
