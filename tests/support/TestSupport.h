#pragma once
// Shared helpers for the tests (filled in as tests need them).
