; An empty module, for tests that are about loading annotations.
