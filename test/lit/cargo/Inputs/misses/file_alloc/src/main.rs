use file_alloc as _;

fn main() {
    let numbers = vec![1, 2, 3];
    std::hint::black_box(numbers);
}
