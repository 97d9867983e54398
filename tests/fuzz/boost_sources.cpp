// Boost.JSON and Boost.URL compiled into the fuzzers, instrumented like the project's code (see
// CMakeLists.txt), instead of linking the g++-built libraries.
#include <boost/json/src.hpp>
#include <boost/url/src.hpp>
