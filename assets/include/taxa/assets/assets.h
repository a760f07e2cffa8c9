// Files compiled into the binary: demo data, fonts, and the web UI.
//
// Every file under assets/demo/, assets/fonts/ and assets/web/ is embedded at build
// time (see assets/CMakeLists.txt), so the programs need no install directory and
// work the same from the build tree, a .deb, or a copied binary. Chart.js comes
// from Debian's libjs-chart.js as "web/static/vendor/chart.min.js", its licence
// as "web/licenses/chart.js.txt".
//
//   std::optional<std::string_view> font = taxa::assets::Find("fonts/DejaVuSans.ttf");
//   if (!font) return Status(...);            // a missing asset is a build mistake
//   for (std::string_view path : taxa::assets::List()) ...
//
// The bytes live in read-only static storage for the life of the process; nobody
// frees them (Dear ImGui callers set ImFontConfig::FontDataOwnedByAtlas = false).
// Each file is followed by one NUL byte that is not part of its size, so a text
// asset's data() may be passed to C APIs that want a terminated string.
// All functions are thread safe: they read constant data only.
#ifndef TAXA_ASSETS_ASSETS_H_
#define TAXA_ASSETS_ASSETS_H_

#include <optional>
#include <string_view>
#include <vector>

namespace taxa::assets {

// The bytes of an embedded file by its path relative to assets/, with '/' separators
// ("demo/taxonomy.json"); an empty optional when no such file was embedded. An
// embedded empty file gives an empty, non-null view.
std::optional<std::string_view> Find(std::string_view path);

// All embedded paths, sorted byte-wise; the views point into static storage.
std::vector<std::string_view> List();

}  // namespace taxa::assets

#endif  // TAXA_ASSETS_ASSETS_H_
