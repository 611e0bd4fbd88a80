#!/bin/sh
# Builds the program.
