// The pages and static files of the web face, served from the assets
// embedded at build time (assets/web), by exact name only: a path that is
// not an embedded file's name ("/static/../x", "%2e%2e%2f") is 404, never a
// look at the file system. Opening /?token=... logs the browser in.
#pragma once

#include <httplib.h>

#include "web/auth.h"

namespace taxa::web {

void AddPages(httplib::Server& server, Auth& auth);

}  // namespace taxa::web
