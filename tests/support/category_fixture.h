// A category for taxonomy tests: the fields Validate needs, with a definition
// made from its name ("Definition of Dogs").
#pragma once

#include <string>
#include <utility>

#include "taxa/core/taxonomy.h"

namespace taxa::testing {

inline core::Category Cat(std::string id, std::string name, std::string parent = "") {
  core::Category c;
  c.id = std::move(id);
  c.name = std::move(name);
  c.parent = std::move(parent);
  c.definition = "Definition of " + c.name;
  return c;
}

}  // namespace taxa::testing
