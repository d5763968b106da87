// placeholder, replaced by the lead
int main() { return 0; }
