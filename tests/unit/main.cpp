#define BOOST_TEST_MODULE folio_unit_tests
#include <boost/test/unit_test.hpp>
