// Asserting on a Status: its code and the fragments its message must hold.
//
//   EXPECT_TRUE(Fails(s, StatusCode::kInvalidInput, {"items.jsonl:3", "\"id\""}));
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "taxa/core/status.h"

namespace taxa::testing {

inline ::testing::AssertionResult Fails(const Status& s, StatusCode code,
                                        std::initializer_list<std::string> fragments) {
  if (s.ok()) return ::testing::AssertionFailure() << "status is ok";
  if (s.code() != code)
    return ::testing::AssertionFailure()
           << "code is " << static_cast<int>(s.code()) << ", want " << static_cast<int>(code)
           << " (message: " << s.message() << ")";
  for (const std::string& f : fragments)
    if (s.message().find(f) == std::string::npos)
      return ::testing::AssertionFailure() << "message \"" << s.message() << "\" lacks \"" << f
                                           << "\"";
  return ::testing::AssertionSuccess();
}

}  // namespace taxa::testing
