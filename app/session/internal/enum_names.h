// Tables of the names the faces use for the session's option enums
// ("alpha", "pair", "dawid-skene"), read both ways. Private to the session.
//
//   constexpr std::array<Named<Weights>, 3> kWeights = {{{Weights::kNone, "none"}, ...}};
//   Result<Weights> w = ParseNamed(kWeights, "linear", "weights");
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "taxa/core/status.h"

namespace taxa::app {

template <typename E>
struct Named {
  E value;
  std::string_view name;
};

// The name of `value`; "?" when the table lacks it (a programmer's mistake).
template <typename E, size_t N>
std::string_view NameOf(const std::array<Named<E>, N>& table, E value) {
  for (const Named<E>& n : table)
    if (n.value == value) return n.name;
  return "?";
}

// The value named `text`, else kInvalidInput naming the field `what` and
// every name: `unknown metric "kappa" (expected percent, cohen or alpha)`.
template <typename E, size_t N>
Result<E> ParseNamed(const std::array<Named<E>, N>& table, std::string_view text,
                     const char* what) {
  for (const Named<E>& n : table)
    if (text == n.name) return n.value;
  std::string list;
  for (size_t i = 0; i < N; ++i)
    list += std::string(i == 0 ? "" : i + 1 == N ? " or " : ", ") + std::string(table[i].name);
  return Status::InvalidInput("unknown " + std::string(what) + " \"" + std::string(text) +
                              "\" (expected " + list + ")");
}

}  // namespace taxa::app
