/// A one-line error for the user.
package struct WorkerError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
