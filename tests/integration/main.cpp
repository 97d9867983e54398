#define BOOST_TEST_MODULE folio_integration_tests
#include <boost/test/unit_test.hpp>
